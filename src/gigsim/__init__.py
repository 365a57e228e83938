"""gigsim: models of internet gig work for the Leverage course.

One module per model family; pure functions on arrays; frozen parameter
dataclasses whose field names carry their units. Every random draw comes from a
``numpy.random.Generator`` passed in by the caller.
"""
__version__ = "0.1.0"
