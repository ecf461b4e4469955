"""Pure functions over plain data. Imports no Django."""
