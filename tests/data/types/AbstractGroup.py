from fastr.datatypes import TypeGroup


class AbstractGroup(TypeGroup):
    description = 'No _members: abstract, so fastr skips it'
