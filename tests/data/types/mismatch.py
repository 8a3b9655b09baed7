from fastr.datatypes import URLType


class OtherName(URLType):
    description = 'The class name does not match the file name: fastr ignores it'
