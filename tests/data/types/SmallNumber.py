from fastr.datatypes import TypeGroup


class SmallNumber(TypeGroup):
    description = 'A percentage or an integer, integers preferred'
    _members = ('Percentage', 'Int')
    preferred_types = ['Int']
