"""Core layer: fastr 3.4.0's built-in datatypes as data (``fastr/resources/datatypes/*.py`` plus
the special types ``datatypes/__init__.py`` adds: AnyType, AnyFile, Deferred, Missing).

Each entry: ``id -> (kind, extension, members, description)``.  ``kind`` is the fastr base class
that decides matching (``ValueType``, ``URLType``, ``TypeGroup``, ``DataType``); ``members`` are
a TypeGroup's ``_members`` in declared order (the order fastr prefers them in ties).  Texts are
fastr's own, typos included (``ITKImageFile``'s description really is about point coordinates).
"""

from __future__ import annotations

BuiltinType = tuple[str, 'str | tuple[str, ...] | None', 'tuple[str, ...]', str]

BUILTIN_TYPES: dict[str, BuiltinType] = {
    # value types
    'Boolean': ('ValueType', None, (), 'A boolean value (True of False)'),
    'Float': ('ValueType', None, (), 'A floating point value'),
    'Int': ('ValueType', None, (), 'an integer value'),
    'String': ('ValueType', None, (), 'A simple string value'),
    'UnsignedInt': ('ValueType', None, (), 'an unsigned integer value'),
    # file types (URLType)
    'AnalyzeImageFile': ('URLType', 'hdr', (), 'Analyze Image file formate'),
    'Directory': ('URLType', None, (), 'A directory on the disk'),
    'FilePrefix': ('URLType', None, (), 'Prefix for another file, including the path'),
    'JsonFile': ('URLType', 'json', (), 'json file'),
    'MetaImageFile': ('URLType', 'mhd', (), 'Meta Image file format'),
    'NiftiImageFileCompressed': ('URLType', 'nii.gz', (), 'Compressed Nifti Image File format'),
    'NiftiImageFileUncompressed': ('URLType', 'nii', (), 'Nifti Image File format'),
    'NrrdImageFile': ('URLType', 'nrrd', (), 'Nrrd Image File format'),
    'ProvNFile': ('URLType', 'provn', (), 'Provenance file in the prov N format'),
    'TifImageFile': ('URLType', ('tiff', 'tif'), (), 'Tif Image File format'),
    'TxtFile': ('URLType', 'txt', (), 'General text file'),
    # groups
    'ITKImageFile': ('TypeGroup', None, ('NiftiImageFile', 'MetaImageFile', 'AnalyzeImageFile',
                                         'NrrdImageFile', 'TifImageFile'),
                     'Text file to store point coordinates'),
    'NiftiImageFile': ('TypeGroup', None, ('NiftiImageFileCompressed', 'NiftiImageFileUncompressed'),
                       'NiftiTypeGroup'),
    'Number': ('TypeGroup', None, ('UnsignedInt', 'Int', 'Float'), 'an numeric value'),
    # special types fastr adds itself
    'AnyType': ('AnyType', None, (), 'Any datatype known to fastr (every non-group type)'),
    'AnyFile': ('AnyFile', None, (), 'Any file type known to fastr (every URLType)'),
    'Deferred': ('DataType', None, (), ''),
    'Missing': ('DataType', None, (), ''),
}

#: Abstract fastr classes a user type may subclass, and the kind each gives.
BASE_KINDS: dict[str, str] = {
    'DataType': 'DataType', 'ValueType': 'ValueType', 'URLType': 'URLType',
    'TypeGroup': 'TypeGroup', 'EnumType': 'EnumType', 'BaseDataType': 'DataType',
}
