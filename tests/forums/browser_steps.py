"""Steps shared by the support-group browser tests: a script tripwire, DOM checks on
rendered member text, and machina's reply form driven the way a member uses it."""

from __future__ import annotations

import re

from django.urls import reverse

from forums.rendering import ALLOWED_TAGS

# Runs in every document before the page's own scripts (Playwright injects it through the
# DevTools protocol, so the page's CSP does not apply to it). Anything that makes a dialog
# function run is recorded in window.__xss; every CSP violation in window.__csp.
TRIPWIRE = """
(() => {
    const calls = [];
    const violations = [];
    Object.defineProperty(window, "__xss", { value: calls, configurable: false });
    Object.defineProperty(window, "__csp", { value: violations, configurable: false });
    const trip = (name) => (...args) => { calls.push([name, ...args.map(String)]); };
    for (const name of ["alert", "confirm", "prompt", "print"]) {
        Object.defineProperty(window, name, { value: trip(name), configurable: false });
    }
    document.addEventListener("securitypolicyviolation", (event) => {
        violations.push({
            directive: event.violatedDirective,
            blocked: event.blockedURI,
            sample: event.sample,
        });
    }, true);
})();
"""

# Elements and attributes the sanitiser may produce inside member text; anything else found
# in a rendered post or preview means markup got through.
_DOM_CHECK = """
({ allowedTags, allowedAttributes }) => {
    const problems = [];
    const describe = (el) => el.outerHTML.slice(0, 160);
    for (const el of document.querySelectorAll("*")) {
        for (const attr of el.attributes) {
            if (attr.name.toLowerCase().startsWith("on")) {
                problems.push(`event handler ${attr.name}: ${describe(el)}`);
            }
        }
    }
    for (const el of document.querySelectorAll("script")) {
        if (!el.src || !el.src.startsWith(location.origin + "/static/")) {
            problems.push(`script: ${describe(el)}`);
        }
    }
    for (const el of document.querySelectorAll("iframe, frame, object, embed, base, svg, math")) {
        problems.push(`element ${el.localName}: ${describe(el)}`);
    }
    for (const el of document.querySelectorAll("meta[http-equiv]")) {
        problems.push(`meta http-equiv: ${describe(el)}`);
    }
    for (const el of document.querySelectorAll("[href], [src], [action], [formaction]")) {
        for (const name of ["href", "src", "action", "formaction"]) {
            const value = el.getAttribute(name);
            if (value !== null && /^\\s*(javascript|vbscript|data):/i.test(value)) {
                problems.push(`${name}=${value}: ${describe(el)}`);
            }
        }
    }
    for (const body of document.querySelectorAll(".post-body, .post-content")) {
        for (const el of body.querySelectorAll("*")) {
            if (!allowedTags.includes(el.localName)) {
                problems.push(`tag ${el.localName} in member text: ${describe(el)}`);
            }
            for (const attr of el.attributes) {
                if (!allowedAttributes.includes(attr.name)) {
                    problems.push(`attribute ${attr.name} in member text: ${describe(el)}`);
                }
            }
            if (el.localName === "a" && el.hasAttribute("href")
                && !["http:", "https:", "mailto:"].includes(el.protocol)) {
                problems.push(`link scheme ${el.protocol}: ${describe(el)}`);
            }
        }
    }
    return problems;
}
"""


def install_tripwire(page) -> None:
    """Call before the first navigation: every later document gets the tripwire."""
    page.add_init_script(TRIPWIRE)


def assert_no_script_ran(page, what: str) -> None:
    """Nothing called a dialog function, no CSP violation, and no executable markup in
    the DOM of the page now shown (``what`` names the view in failure messages)."""
    tripped = page.evaluate("window.__xss")
    assert tripped is not None, f"{what}: the tripwire is not installed on {page.url}"
    assert tripped == [], f"{what}: script ran on {page.url}: {tripped}"
    violations = page.evaluate("window.__csp")
    assert violations == [], f"{what}: CSP violations on {page.url}: {violations}"
    problems = page.evaluate(
        _DOM_CHECK,
        {
            "allowedTags": sorted(ALLOWED_TAGS),
            "allowedAttributes": ["href", "title", "rel", "start"],
        },
    )
    assert problems == [], f"{what}: executable markup on {page.url}:\n" + "\n".join(problems)


def assert_not_a_server_error(page, response, what: str) -> None:
    assert response is not None, f"{what}: no response"
    assert response.status < 500, f"{what}: HTTP {response.status} on {page.url}"
    assert "Server Error" not in page.title(), f"{what}: server error page on {page.url}"


def topic_url(topic) -> str:
    forum = topic.forum
    return reverse("forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk])


def reply_url(topic) -> str:
    forum = topic.forum
    return reverse(
        "forum_conversation:post_create", args=[forum.slug, forum.pk, topic.slug, topic.pk]
    )


def message_box(page):
    """machina's reply form's "Message" textarea."""
    return page.get_by_role("textbox", name="Message")


def submit_reply_form(page, button: str):
    """Click the reply form's "Preview" or "Submit" button; return the POST's response
    (not the page a redirect leads to), once the resulting page has loaded."""
    assert button in {"Preview", "Submit"}
    with (
        page.expect_navigation(wait_until="load"),
        page.expect_response(
            lambda response: (
                response.request.method == "POST"
                and re.search(r"/post/create/$", response.url) is not None
            )
        ) as posted,
    ):
        page.get_by_role("button", name=button, exact=True).click()
    return posted.value


def server_milliseconds(response) -> float:
    """Time from sending the request to the first byte of the answer: the server's work
    plus loopback latency (no body download)."""
    response.finished()
    timing = response.request.timing
    return timing["responseStart"] - timing["requestStart"]
