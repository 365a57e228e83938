"""The classroom kit: exercise notebooks, their student versions, and a grader.

* :mod:`gigsim.classroom.spec` -- the exercise-notebook format (metadata, roles, names) and its checks;
* :mod:`gigsim.classroom.release` -- solution notebooks -> student versions (``make exercises``);
* :mod:`gigsim.classroom.grade` -- ``gigsim grade SUBMISSIONS --out DIR`` (nbval + pytest per notebook);
* :mod:`gigsim.classroom.report` -- ``grades.csv`` and the self-contained ``report.html``;
* :mod:`gigsim.classroom.bench` -- how long a class of 30 takes to grade.

The format is documented for authors in ``book/instructor-guide.md``.
"""
