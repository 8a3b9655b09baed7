import fastr.datatypes


class CSVFile(fastr.datatypes.URLType):
    """The class name matches the file name case-insensitively, as fastr requires."""
    description = 'Comma or tab separated values'
    extension = ('csv', 'tsv')
