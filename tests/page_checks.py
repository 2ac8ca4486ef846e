"""Checks every browser test can run on any page: button text contrast, reflow at 320 px, and
absolute links on the configured base URL. Each returns the failures (empty when fine), so a
test asserts ``not failures`` and the message names the offending elements.

The contrast check exists because axe-core marks text on an image or a gradient, and some
overlapping-colour cases, only "needs review": white text on a white button slipped through.
It computes WCAG 2.2 contrast from the computed colours itself, walking up the ancestors for
the first opaque background.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_CONTRAST = 4.5

_CONTRAST_JS = r"""
(selector) => {
  const parse = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
  };
  const blend = (top, bottom) => {
    const a = top.a + bottom.a * (1 - top.a);
    if (a === 0) return {r: 255, g: 255, b: 255, a: 1};
    const mix = (t, b) => (t * top.a + b * bottom.a * (1 - top.a)) / a;
    return {r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a};
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      const colour = parse(style.backgroundColor);
      if (colour && colour.a > 0) layers.push(colour);
      if (colour && colour.a >= 1) break;
    }
    let result = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) result = blend(layers[i], result);
    return result;
  };
  const luminance = (c) => {
    const channel = (v) => {
      v = v / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  const results = [];
  for (const el of document.querySelectorAll(selector)) {
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (rect.width === 0 || rect.height === 0 || style.visibility === "hidden") continue;
    const text = (el.innerText || el.value || "").trim();
    if (!text) continue;
    const bg = background(el);
    const fg = blend(parse(style.color) || {r: 0, g: 0, b: 0, a: 1}, bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    results.push({
      text: text.slice(0, 60),
      html: el.outerHTML.slice(0, 160),
      ratio: (hi + 0.05) / (lo + 0.05),
    });
  }
  return results;
}
"""

BUTTON_SELECTOR = (
    "button, input[type=submit], input[type=button], input[type=reset], "
    "a.button, a[class*='button'], [role=button]"
)


@dataclass(frozen=True)
class ContrastFailure:
    text: str
    ratio: float
    html: str

    def __str__(self) -> str:
        return f"{self.text!r}: contrast {self.ratio:.2f}:1 < {MIN_CONTRAST}:1 in {self.html}"


def button_contrast_failures(page, selector: str = BUTTON_SELECTOR) -> list[ContrastFailure]:
    """Visible buttons (and button-like links) whose text contrast is below 4.5:1."""
    found = page.evaluate(_CONTRAST_JS, selector)
    return [
        ContrastFailure(text=item["text"], ratio=item["ratio"], html=item["html"])
        for item in found
        if item["ratio"] < MIN_CONTRAST
    ]


def horizontal_overflow_px(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it reflows)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def overflowing_elements(page, limit: int = 5) -> list[str]:
    """The first few elements reaching past the right edge: what to fix when reflow fails."""
    return page.evaluate(
        """(limit) => {
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const el of document.body.querySelectorAll('*')) {
            const rect = el.getBoundingClientRect();
            if (rect.right > width + 1 && rect.width > 0) {
              out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                (el.className && typeof el.className === 'string'
                  ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                ' right=' + Math.round(rect.right));
              if (out.length >= limit) break;
            }
          }
          return out;
        }""",
        limit,
    )


def absolute_links_off_base(page, base_url: str) -> list[str]:
    """Absolute http(s) links and form actions in the page that point at this portal's own
    pages through another host (for example ``http://localhost/...``). External sites are fine;
    anything that looks like ours (localhost, 127.0.0.1, testserver, example.com) must start
    with ``base_url``."""
    urls = page.evaluate(
        """() => [...document.querySelectorAll('a[href], link[href], form[action]')]
             .map(el => el.getAttribute('href') || el.getAttribute('action'))"""
    )
    return [url for url in urls if looks_internal_but_off_base(url, base_url)]


INTERNAL_HOST_MARKERS = ("://localhost", "://127.0.0.1", "://testserver", "://example.com")


def looks_internal_but_off_base(url: str, base_url: str) -> bool:
    if not url or not url.startswith(("http://", "https://")):
        return False
    if url.startswith(base_url.rstrip("/") + "/") or url == base_url.rstrip("/"):
        return False
    return any(marker in url for marker in INTERNAL_HOST_MARKERS)
