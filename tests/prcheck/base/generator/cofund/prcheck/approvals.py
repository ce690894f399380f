"""Stands in for cofund's approval code in the scenarios' repositories."""


def needs(change):
    return ("maintainer",)
