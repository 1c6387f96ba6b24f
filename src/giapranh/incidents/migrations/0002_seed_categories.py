"""The incident taxonomy used in commune police statistics (an ninh chính trị / trật tự xã hội)."""

from django.db import migrations

GROUPS = [
    ("anct", "political_security", "An ninh chính trị", [
        ("anct-tuyen-truyen-chong-pha", "Tuyên truyền chống phá"),
        ("anct-tu-tap-dong-nguoi", "Tụ tập đông người"),
        ("anct-ton-giao-trai-phep", "Hoạt động tôn giáo trái phép"),
        ("anct-khac", "Khác"),
    ]),
    ("ttxh", "social_order", "Trật tự xã hội", [
        ("ttxh-trom-cap-tai-san", "Trộm cắp tài sản"),
        ("ttxh-co-y-gay-thuong-tich", "Cố ý gây thương tích"),
        ("ttxh-danh-bac", "Đánh bạc"),
        ("ttxh-ma-tuy", "Ma túy"),
        ("ttxh-lua-dao-chiem-doat-tai-san", "Lừa đảo chiếm đoạt tài sản"),
        ("ttxh-gay-roi-trat-tu-cong-cong", "Gây rối trật tự công cộng"),
        ("ttxh-mua-ban-nguoi", "Mua bán người"),
        ("ttxh-cuop-tai-san", "Cướp tài sản"),
        ("ttxh-tai-nan-lao-dong", "Tai nạn lao động"),
        ("ttxh-vi-pham-moi-truong", "Vi phạm pháp luật về môi trường"),
        ("ttxh-khac", "Khác"),
    ]),
]


def seed(apps, schema_editor):
    Category = apps.get_model("incidents", "IncidentCategory")
    for group_position, (code, group, name, subtypes) in enumerate(GROUPS, start=1):
        parent, _ = Category.objects.get_or_create(
            code=code, defaults={"name": name, "group": group, "position": group_position}
        )
        for position, (sub_code, sub_name) in enumerate(subtypes, start=1):
            Category.objects.get_or_create(
                code=sub_code,
                defaults={"name": sub_name, "group": group, "parent": parent, "position": position},
            )


def unseed(apps, schema_editor):
    Category = apps.get_model("incidents", "IncidentCategory")
    codes = [sub for _, _, _, subs in GROUPS for sub, _ in subs]
    Category.objects.filter(code__in=codes, incidents__isnull=True).delete()
    Category.objects.filter(code__in=[g[0] for g in GROUPS], children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
