from fastr.datatypes import types

CompressedNifti = types['NiftiImageFileCompressed']


class ScanImage(CompressedNifti):
    description = 'A scan, stored as compressed NIfTI (inherits the extension)'
