"""django-otp's and two_factor's own messages reach staff in Chinese (locale/zh_Hans, LOCALE_PATHS)."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django_otp.forms import OTPAuthenticationFormMixin
from two_factor.forms import AuthenticationTokenForm, TOTPDeviceForm
from two_factor.plugins.registry import GeneratorMethod

from .conftest import PASSWORD, add_totp_device, current_code, post_code, post_password

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
HAN = re.compile(r"[\u4e00-\u9fff]")


def wrong_code(device) -> str:
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


@pytest.mark.django_db
def test_a_throttled_code_is_refused_in_chinese(client, administrator):
    device = add_totp_device(administrator)
    post_password(client, "boss", PASSWORD)
    html = ""
    for _ in range(4):  # django-otp waits 1, 2, 4 … seconds after each wrong code before it checks again
        html = post_code(client, wrong_code(device)).content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
    assert re.search(r"验证码已连续输错 \d+ 次，暂时不能验证，请稍等一会儿再试。", html)
    assert "Verification" not in html and "failed attempt" not in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_throttled_code_is_refused_even_when_right(client, administrator):
    device = add_totp_device(administrator)
    post_password(client, "boss", PASSWORD)
    post_code(client, wrong_code(device))
    html = post_code(client, current_code(device)).content.decode()
    assert "验证码已连续输错 1 次" in html
    assert "_auth_user_id" not in client.session


def library_messages() -> list[str]:
    """Every message of the libraries' Python code a member of staff can meet, in the active language."""
    otp = dict(OTPAuthenticationFormMixin.otp_error_messages)
    throttled = otp.pop("n_failed_attempts")
    method = GeneratorMethod()
    return [
        throttled % {"failure_count": 1},
        throttled % {"failure_count": 3},
        *map(str, otp.values()),
        *map(str, TOTPDeviceForm.error_messages.values()),
        str(TOTPDeviceForm.base_fields["token"].label),
        str(AuthenticationTokenForm.base_fields["otp_token"].label),
        str(method.verbose_name),
        str(method.get_action(None)),
        str(method.get_verbose_action(None)),
    ]


def test_every_library_message_is_chinese():
    with translation.override("zh-hans"):
        messages = library_messages()
    assert len(messages) == 15
    for text in messages:
        assert HAN.search(text), text
    assert "验证码已连续输错 3 次" in messages[1]


def read_po(path: Path) -> dict[tuple[str, str], str]:
    """(msgid, msgid_plural) → msgstr (msgstr[0] for plurals) of each entry of a .po file, header left out."""
    entries: dict[tuple[str, str], str] = {}
    fields: dict[str, str] = {}
    key = ""

    def finish():
        if fields.get("msgid"):
            entries[(fields["msgid"], fields.get("msgid_plural", ""))] = fields.get("msgstr", "")
        fields.clear()

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if match := re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\]) (".*")$', line):
            key = match[1].replace("[0]", "")
            if key == "msgid":
                finish()
            fields[key] = ast.literal_eval(match[2])
        elif line.startswith('"'):
            fields[key] += ast.literal_eval(line)
        elif not line.strip():
            finish()
    return entries


def test_the_committed_mo_file_matches_the_po_file():
    po = read_po(CATALOGUE / "django.po")
    with (CATALOGUE / "django.mo").open("rb") as handle:
        mo = gettext.GNUTranslations(handle)
    assert ("Please enter your OTP token.", "") in po and len(po) >= 20
    for (msgid, plural), msgstr in po.items():
        compiled = mo.ngettext(msgid, plural, 1) if plural else mo.gettext(msgid)
        assert msgstr and compiled == msgstr, msgid
