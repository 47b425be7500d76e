"""`{{ user|person_name }}`: a person's name family name first (councils.text.person_name)."""

from django import template

from councils.text import person_name

register = template.Library()
register.filter("person_name", person_name)
