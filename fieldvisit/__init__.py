"""Field Visit: get executives in the room with the customers who matter."""

__version__ = "0.1.0"
