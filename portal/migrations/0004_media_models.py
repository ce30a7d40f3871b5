"""The image, rendition and document models move from home/ to the kernel, with their rows.

Nothing is copied: the models enter portal's state on the tables they have (home_portal*); the
apps whose foreign keys point at them (news' and home's cover images, documents' attachments) move
those keys in their migration state (news 0005, documents 0005, home 0006, which also drops home's
old models); then portal 0005 renames the tables (portal_portal*) and the database's foreign keys
follow. Until that rename every model state names the table the database has, so a migration of
another app that rebuilds a table (SQLite does) in between writes the right references.

The content types are renamed here too (home -> portal), keeping their ids, so every permission,
group and collection permission, tag, log entry and reference stays attached.
"""

import django.db.models.deletion
import modelsearch.index
import taggit.managers
import wagtail.images.models
import wagtail.models.media
from django.conf import settings
from django.db import migrations, models



MODELS = ("portalimage", "portalrendition", "portaldocument")


def _move_content_types(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=new_label, model=model).first()
        if new is not None:
            # Only a database where the new label was already made (its permissions by post_migrate)
            # has both: the old row keeps its id (tags, logs and references point at it) and takes
            # over the new one's permissions, with their groups and accounts.
            for permission in Permission.objects.filter(content_type=new):
                kept = Permission.objects.filter(content_type=old, codename=permission.codename).first()
                if kept is None:
                    permission.content_type = old
                    permission.save(update_fields=["content_type"])
                    continue
                kept.group_set.add(*permission.group_set.all())
                kept.user_set.add(*permission.user_set.all())
                GroupCollectionPermission.objects.filter(permission=permission).exclude(
                    group__in=GroupCollectionPermission.objects.filter(permission=kept).values("group")
                ).update(permission=kept)
                permission.delete()
            new.delete()
        old.app_label = new_label
        old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _move_content_types(apps, "home", "portal")


def backwards(apps, schema_editor):
    _move_content_types(apps, "portal", "home")


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0003_portal_vi_text_search'),
        ('home', '0005_remove_wagtail_default_groups'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        ('wagtaildocs', '0014_alter_document_file_size'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PortalDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('file', models.FileField(upload_to='documents', verbose_name='file')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('file_size', models.PositiveBigIntegerField(editable=False, null=True)),
                        ('file_hash', models.CharField(blank=True, editable=False, max_length=40)),
                        ('description', models.TextField(blank=True, verbose_name='mô tả')),
                        ('collection', models.ForeignKey(default=wagtail.models.media.get_root_collection_id, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection', verbose_name='collection')),
                        ('tags', taggit.managers.TaggableManager(blank=True, help_text=None, through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                        ('uploaded_by_user', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by user')),
                    ],
                    options={
                        'verbose_name': 'tệp tài liệu',
                        'verbose_name_plural': 'tệp tài liệu',
                        'permissions': [('choose_document', 'Can choose document')],
                        'abstract': False,
                        'db_table': 'home_portaldocument',
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='PortalImage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('file', wagtail.images.models.WagtailImageField(height_field='height', upload_to=wagtail.images.models.get_upload_to, verbose_name='file', width_field='width')),
                        ('width', models.IntegerField(editable=False, verbose_name='width')),
                        ('height', models.IntegerField(editable=False, verbose_name='height')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                        ('focal_point_x', models.PositiveIntegerField(blank=True, null=True)),
                        ('focal_point_y', models.PositiveIntegerField(blank=True, null=True)),
                        ('focal_point_width', models.PositiveIntegerField(blank=True, null=True)),
                        ('focal_point_height', models.PositiveIntegerField(blank=True, null=True)),
                        ('file_size', models.PositiveIntegerField(editable=False, null=True)),
                        ('file_hash', models.CharField(blank=True, db_index=True, editable=False, max_length=40)),
                        ('description', models.CharField(blank=True, default='', help_text='Mô tả ngắn nội dung ảnh cho người dùng trình đọc màn hình, ví dụ: “Lãnh đạo Thành phố phát biểu tại hội nghị”.', max_length=255, verbose_name='văn bản thay thế')),
                        ('is_decorative', models.BooleanField(default=False, help_text='Chỉ đánh dấu khi ảnh không mang thông tin; trình đọc màn hình sẽ bỏ qua ảnh.', verbose_name='ảnh trang trí')),
                        ('credit', models.CharField(blank=True, max_length=200, verbose_name='nguồn / tác giả')),
                        ('collection', models.ForeignKey(default=wagtail.models.media.get_root_collection_id, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection', verbose_name='collection')),
                        ('tags', taggit.managers.TaggableManager(blank=True, help_text=None, through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                        ('uploaded_by_user', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by user')),
                    ],
                    options={
                        'verbose_name': 'ảnh',
                        'verbose_name_plural': 'ảnh',
                        'permissions': [('choose_image', 'Can choose image')],
                        'abstract': False,
                        'db_table': 'home_portalimage',
                    },
                    bases=(wagtail.images.models.ImageFileMixin, modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='PortalRendition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('filter_spec', models.CharField(db_index=True, max_length=255)),
                        ('file', wagtail.images.models.WagtailImageField(height_field='height', storage=wagtail.images.models.get_rendition_storage, upload_to=wagtail.images.models.get_rendition_upload_to, width_field='width')),
                        ('width', models.IntegerField(editable=False)),
                        ('height', models.IntegerField(editable=False)),
                        ('focal_point_key', models.CharField(blank=True, default='', editable=False, max_length=16)),
                        ('image', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renditions', to='portal.portalimage')),
                    ],
                    options={
                        'unique_together': {('image', 'filter_spec', 'focal_point_key')},
                        'db_table': 'home_portalrendition',
                    },
                    bases=(wagtail.images.models.ImageFileMixin, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
