"""The course's exercises: templates, and the assembler that turns them into nbgrader notebooks."""
