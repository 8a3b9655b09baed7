# Files starting with __ are not datatypes.
