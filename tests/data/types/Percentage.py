from fastr.datatypes import ValueType


class Percentage(ValueType):
    description = 'A number between 0 and 100'
