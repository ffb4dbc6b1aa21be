"""nbgrader configuration for the course's assignments.

Run nbgrader from this folder (``exercises.assemble.release`` does): the
course directory is the build output ``build/`` next to this file.
"""
c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = "build"
c.CourseDirectory.course_id = "lstm-course"
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
