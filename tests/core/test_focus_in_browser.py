"""Keyboard focus and control borders stand out (WCAG 2.4.7 and 1.4.11): every control a
keyboard reaches shows a solid outline of at least 3:1, and the borders that are the only sign
of an empty field, checkbox or radio button reach 3:1 against the page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser import assert_fits_width
from tests.factories import SpotlightProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINIMUM_CONTRAST = 3.0
MINIMUM_OUTLINE_PX = 2.0
# Among them, these pages hold every kind of control the product uses.
PAGES = [
    ("accounts:apply", None),
    ("accounts:invitations", "staff"),
    ("directory:search", "student"),
]
KINDS = {"text input", "select", "textarea", "checkbox", "radio", "button", "link"}

DESCRIBE = """element => {
    const kindOf = node => {
        const tag = node.tagName.toLowerCase();
        if (tag === "a") return "link";
        if (tag === "button" || ["submit", "button"].includes(node.type)) return "button";
        if (tag !== "input") return tag;
        return ["checkbox", "radio"].includes(node.type) ? node.type : "text input";
    };
    const backgroundBehind = node => {
        for (let parent = node.parentElement; parent; parent = parent.parentElement) {
            const colour = getComputedStyle(parent).backgroundColor;
            if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") return colour;
        }
        return "rgb(255, 255, 255)";
    };
    const style = getComputedStyle(element);
    return {
        kind: kindOf(element),
        html: element.outerHTML.slice(0, 100),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        outlineColour: style.outlineColor,
        borderColours: [style.borderTopColor, style.borderRightColor,
                        style.borderBottomColor, style.borderLeftColor],
        background: backgroundBehind(element),
        isBody: element === document.body,
    };
}"""

UNCHECKED_CONTROLS = (
    "input.form-control, select.form-select, textarea.form-control, "
    "input.form-check-input:not(:checked)"
)


def parse_colour(text: str) -> tuple[float, float, float, float]:
    red, green, blue, *alpha = (float(part) for part in re.findall(r"[\d.]+", text))
    return red, green, blue, alpha[0] if alpha else 1.0


def over(colour: str, background: str) -> tuple[float, float, float]:
    """The colour seen when `colour`, perhaps translucent, is drawn on `background`."""
    *front, alpha = parse_colour(colour)
    back = parse_colour(background)[:3]
    return tuple(alpha * f + (1 - alpha) * b for f, b in zip(front, back, strict=True))


def luminance(rgb: tuple[float, float, float]) -> float:
    def linear(channel: float) -> float:
        channel /= 255
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(colour: str, background: str) -> float:
    lighter, darker = sorted(
        [luminance(over(colour, background)), luminance(parse_colour(background)[:3])],
        reverse=True,
    )
    return (lighter + 0.05) / (darker + 0.05)


def tab_through(page: Page) -> list[dict]:
    """Every element the Tab key reaches, in order, as the browser styles it while focused."""
    page.locator("details").evaluate_all("all => all.forEach(details => details.open = true)")
    reached: list[dict] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        described = page.evaluate(f"({DESCRIBE})(document.activeElement)")
        if described["isBody"] or (reached and described["html"] == reached[0]["html"]):
            break
        reached.append(described)
    return reached


def open_page(visit, request, name: str, person: str | None, viewport: str) -> Page:
    SpotlightProfileFactory(employer="Fabrikam Bank", job_title="Credit analyst")
    user = request.getfixturevalue(person) if person else None
    return visit(reverse(name), viewport=viewport, user=user)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "person"), PAGES)
def test_every_control_shows_a_focus_outline_of_three_to_one(
    visit, request, viewport, name, person
):
    page = open_page(visit, request, name, person, viewport)

    reached = tab_through(page)

    faint = [
        f"{control['kind']} {control['html']}: {control['outlineStyle']} "
        f"{control['outlineWidth']}px {control['outlineColour']} on {control['background']}"
        for control in reached
        if control["outlineStyle"] in ("none", "hidden")
        or control["outlineWidth"] < MINIMUM_OUTLINE_PX
        or contrast(control["outlineColour"], control["background"]) < MINIMUM_CONTRAST
    ]
    assert reached, f"the Tab key reached nothing on {name}"
    assert not faint, "focus is hard to see on:\n" + "\n".join(faint)
    if viewport == "phone":
        assert_fits_width(page)


def test_the_pages_checked_hold_every_kind_of_control(visit, request):
    kinds = set()
    for name, person in PAGES:
        kinds |= {
            control["kind"]
            for control in tab_through(open_page(visit, request, name, person, "desktop"))
        }

    assert kinds >= KINDS, f"no {KINDS - kinds} reached by the keyboard"


@pytest.mark.parametrize(("name", "person"), PAGES)
def test_empty_fields_checkboxes_and_radios_have_borders_of_three_to_one(
    visit, request, name, person
):
    page = open_page(visit, request, name, person, "desktop")
    page.locator("details").evaluate_all("all => all.forEach(details => details.open = true)")

    controls = page.locator(UNCHECKED_CONTROLS).evaluate_all(f"all => all.map({DESCRIBE})")

    faint = [
        f"{control['kind']} {control['html']}: {control['borderColours']} on "
        f"{control['background']}"
        for control in controls
        if any(
            contrast(colour, control["background"]) < MINIMUM_CONTRAST
            for colour in control["borderColours"]
        )
    ]
    assert controls, f"no form controls on {name}"
    assert not faint, "borders are hard to see on:\n" + "\n".join(faint)
