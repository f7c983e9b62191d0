"""A photo's source and external id (a NASA ID), unique per source, so an asset imported again is known."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('galleries', '0009_focal'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalphoto',
            name='external_id',
            field=models.CharField(blank=True, default='', editable=False, help_text="The asset's ID at its source.", max_length=200),
        ),
        migrations.AddField(
            model_name='historicalphoto',
            name='source',
            field=models.CharField(blank=True, default='', editable=False, max_length=50),
        ),
        migrations.AddField(
            model_name='photo',
            name='external_id',
            field=models.CharField(blank=True, default='', editable=False, help_text="The asset's ID at its source.", max_length=200),
        ),
        migrations.AddField(
            model_name='photo',
            name='source',
            field=models.CharField(blank=True, default='', editable=False, max_length=50),
        ),
        migrations.AddConstraint(
            model_name='photo',
            constraint=models.UniqueConstraint(condition=models.Q(('external_id', ''), _negated=True), fields=('source', 'external_id'), name='photo_unique_external_id_per_source'),
        ),
    ]
