"""The domain model of yingshang (营商): the four case kinds, their value objects and rules.

Imports nothing from the other layers of the project.
"""
