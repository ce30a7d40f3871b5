from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_seed_content", order=45)
def seed_content():
    """After kpi (order 40): the 2023 period points at KH 305's plan."""
    from dxindex import seed

    return seed


@hooks.register("register_log_actions")
def dxindex_log_actions(actions):
    for action, label in [
        ("dxindex.period.open", _("Mở kỳ đánh giá chỉ số CĐS")),
        ("dxindex.period.appraisal", _("Chuyển kỳ đánh giá sang thẩm định")),
        ("dxindex.period.sign_off", _("Hội đồng thông qua kết quả chỉ số CĐS")),
        ("dxindex.period.publish", _("Công bố kết quả chỉ số CĐS")),
        ("dxindex.assessment.submit", _("Gửi bản tự đánh giá")),
        ("dxindex.evidence.add", _("Thêm tài liệu kiểm chứng")),
        ("dxindex.entry.accept", _("Chấp nhận điểm tự đánh giá")),
        ("dxindex.entry.adjust", _("Điều chỉnh điểm chỉ số thành phần")),
        ("dxindex.entry.return", _("Trả lại chỉ số thành phần")),
        ("dxindex.entry.answer", _("Đơn vị giải trình, bổ sung")),
        ("dxindex.components.import", _("Nhập danh mục chỉ số thành phần")),
    ]:
        actions.register_action(action, label, label)
