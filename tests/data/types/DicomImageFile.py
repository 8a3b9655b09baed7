from fastr.datatypes import URLType


class DicomImageFile(URLType):
    description = 'A DICOM image file'
    extension = 'dcm'
