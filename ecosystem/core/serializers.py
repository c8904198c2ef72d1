"""Django's JSON serialisation, keeping every digit of a timestamp.

``DjangoJSONEncoder`` cuts datetimes to milliseconds (as ECMAScript does), so
a record restored from a dump would not be the one saved. This format writes
them whole; Django's own ``json`` deserializer reads them back, so a file in
it is a ``.json`` fixture that ``loaddata`` loads as it is.
"""

from datetime import datetime, time

from django.core.serializers import json


class Serializer(json.Serializer):
    def _value_from_field(self, obj, field):
        value = super()._value_from_field(obj, field)
        if isinstance(value, datetime | time):
            return value.isoformat()
        return value


Deserializer = json.Deserializer
