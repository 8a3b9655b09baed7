from fastr.datatypes import TypeGroup


class ImageOrTable(TypeGroup):
    description = 'A nested group'
    _members = ['CSVFile', 'MedicalImage', 'TxtFile']
