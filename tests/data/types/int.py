from fastr.datatypes import URLType


class Int(URLType):
    description = 'Same file name as a built-in type: fastr keeps its own Int'
