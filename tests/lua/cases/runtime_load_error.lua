-- A runtime error in top-level code (here from a binding) is placed at its line.
-- fields: tags
Arkime.expression_to_fieldId("not.a.field")
