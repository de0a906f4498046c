"""Search synonyms (staff-edited groups of words), and search text stored by rank.

A service's search text is now four columns (services/search.py): the name (ranked first), name and
keywords, other text, and the other readings of heteronyms (ranked last). On PostgreSQL the new
``search_rare`` column gets a trigram GIN index like the other two (see 0003); nothing on SQLite.
The next migration fills the columns.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def create_rare_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS service_search_rare_trgm ON services_service USING gin (search_rare gin_trgm_ops)"
        )


def drop_rare_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS service_search_rare_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0010_booking'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Synonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('words', models.CharField(help_text='意思相同的几种说法，用空格或顿号隔开，例如：厕所 卫生间 洗手间。居民搜索其中任何一个词（汉字、拼音或拼音首字母都行），也能找到写着其他说法的服务、场所、活动和非遗项目。只写意思真正相同的词；每个词最多12个字。', max_length=200, verbose_name='同义词')),
                ('note', models.CharField(blank=True, help_text='只给工作人员看，例如为什么加这一组。', max_length=200, verbose_name='备注')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
            ],
            options={
                'verbose_name': '搜索同义词',
                'verbose_name_plural': '搜索同义词',
                'ordering': ('words',),
            },
        ),
        migrations.AddField(
            model_name='service',
            name='search_name',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='搜索文本（名称）'),
        ),
        migrations.AddField(
            model_name='service',
            name='search_rare',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='搜索文本（多音字的其他读音）'),
        ),
        migrations.AlterField(
            model_name='service',
            name='search_primary',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='搜索文本（名称和关键词）'),
        ),
        migrations.CreateModel(
            name='HistoricalSynonym',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('words', models.CharField(help_text='意思相同的几种说法，用空格或顿号隔开，例如：厕所 卫生间 洗手间。居民搜索其中任何一个词（汉字、拼音或拼音首字母都行），也能找到写着其他说法的服务、场所、活动和非遗项目。只写意思真正相同的词；每个词最多12个字。', max_length=200, verbose_name='同义词')),
                ('note', models.CharField(blank=True, help_text='只给工作人员看，例如为什么加这一组。', max_length=200, verbose_name='备注')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='更新时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 搜索同义词',
                'verbose_name_plural': 'historical 搜索同义词',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(create_rare_index, drop_rare_index, elidable=False),
    ]
