from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MESSAGE_MAX_LENGTH, PHONE_MAX_LENGTH, Feedback

# The honeypot: a field people never see (hidden by CSS, skipped by screen readers and the Tab key)
# and bots fill in. A submission with it filled is answered like a success and not stored.
HONEYPOT_FIELD = "website"
CHOOSE_KIND = _("请选择“信息有误”或“我要建议”。")


class FeedbackForm(forms.ModelForm):
    website = forms.CharField(label=_("网址（请勿填写）"), required=False, max_length=200)

    class Meta:
        model = Feedback
        fields = ("kind", "message", "phone")
        labels = {"kind": _("您要"), "message": _("请告诉我们"), "phone": _("联系电话（选填）")}
        help_texts = {
            "message": _("例如：电话号码打不通、开放时间不对、需要带的材料变了。最多 %(n)d 字。")
            % {"n": MESSAGE_MAX_LENGTH},
            "phone": _("留下电话，工作人员需要时会回电询问详情；只有工作人员能看到。"),
        }
        error_messages = {
            "message": {
                "required": _("请写下哪里有误或您的建议。"),
                "max_length": _("最多 %(limit_value)d 字，现在是 %(show_value)d 字。请删减一些。"),
            },
            "phone": {"max_length": _("电话号码最多 %(limit_value)d 位，现在是 %(show_value)d 位。")},
            "kind": {"required": CHOOSE_KIND, "invalid_choice": CHOOSE_KIND},
        }
        widgets = {
            "kind": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 5, "maxlength": MESSAGE_MAX_LENGTH}),
            "phone": forms.TextInput(
                attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "maxlength": PHONE_MAX_LENGTH}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def is_spam(self) -> bool:
        """The honeypot was filled in (read from the raw data: valid or not, it gives a bot away)."""
        return bool(self.is_bound and str(self.data.get(HONEYPOT_FIELD, "")).strip())
