from fastr.datatypes import TypeGroup


class MedicalImage(TypeGroup):
    # A frozenset, as WORC writes its groups: fastr's tie order then follows string hashing.
    description = 'Any medical image file'
    _members = frozenset(['NiftiImageFile', 'DicomImageFile', 'NrrdImageFile', 'NoSuchType'])
