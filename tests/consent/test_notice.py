"""Item 7: the register examples and the generated notice describe the consent
purposes, their channels and how to withdraw."""

from lawful.policy.contact import consent_purposes, needs_consent
from lawful.policy.notice import build_notice, render_markdown
from lawful.policy.register import load_register
from tests.conftest import EXAMPLES


def _notice(name):
    return render_markdown(build_notice(load_register(EXAMPLES / name)))


def test_the_campaign_network_asks_consent_to_each_electronic_channel():
    register = load_register(EXAMPLES / "campaign-network.yaml")
    offered = {p.id: [c.value for c in channels] for p, channels in consent_purposes(register)}
    assert offered["keeping-in-touch"] == ["email", "sms", "phone"]
    assert "political-communications" not in offered  # legitimate interests, post and calls
    politics = register.purpose("political-communications")
    assert not needs_consent(politics, "post") and not needs_consent(politics, "phone")


def test_the_notice_says_which_channels_need_consent_and_how_to_stop_each():
    text = _notice("campaign-network.yaml")
    assert (
        "By email, text message and telephone calls only if you agree, to each one "
        "separately: nothing is ticked for you." in text
    )
    assert "By post and telephone calls unless you tell us not to." in text
    assert "Telephone Preference Service" in text
    assert "use the unsubscribe link in any message, the link to your choices" in text
    assert "your email program's own unsubscribe button works too" in text
    assert "we stop it on every channel" in text


def test_a_post_only_purpose_is_stopped_by_telling_us():
    text = _notice("councillors-office.yaml")
    assert "tell us in any way" in text
