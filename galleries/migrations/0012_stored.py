"""Topics from photos' keywords, the exposure a file records, and patches' and portraits' renditions.

The data step gives every existing photo the topics of its keywords, in batches (about 2 s per
100,000 photos on SQLite); exposure is left empty on existing photos (it is read from originals
when they are next uploaded), and patches and portraits get their renditions when next saved.
"""

from django.db import migrations, models

from galleries.models.topics import keyword_names
from galleries.text import folded_words

BATCH = 2000


def fill_topics(apps, schema_editor):
    Photo = apps.get_model("galleries", "Photo")
    Topic = apps.get_model("galleries", "Topic")
    Through = Photo.topics.through
    rows = Photo.objects.exclude(keywords="").order_by("pk").values_list("pk", "keywords")
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:BATCH]):
        last = batch[-1][0]
        named = [(pk, keyword_names(keywords)) for pk, keywords in batch]
        names = {slug: name for _, found in named for slug, name in found.items()}
        Topic.objects.bulk_create(
            [Topic(slug=slug, name=name, name_folded=folded_words(name)[:100]) for slug, name in names.items()],
            ignore_conflicts=True,
        )
        ids = dict(Topic.objects.filter(slug__in=names).values_list("slug", "pk"))
        links = [Through(photo_id=pk, topic_id=ids[slug]) for pk, found in named for slug in found if slug in ids]
        Through.objects.bulk_create(links, ignore_conflicts=True, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("galleries", "0011_zoom"),
    ]

    operations = [
        migrations.CreateModel(
            name="Topic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="As first written in a photo's keywords.", max_length=100)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("name_folded", models.CharField(db_index=True, max_length=100)),
            ],
            options={
                "ordering": ["name_folded"],
            },
        ),
        migrations.AddField(
            model_name="crewmember",
            name="portrait_renditions",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="mission",
            name="patch_renditions",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="photo",
            name="exposure",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="photo",
            name="topics",
            field=models.ManyToManyField(blank=True, editable=False, related_name="photos", to="galleries.topic"),
        ),
        migrations.RunPython(fill_topics, migrations.RunPython.noop, elidable=True),
    ]
