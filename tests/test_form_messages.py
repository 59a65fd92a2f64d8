"""A field's refusal says one thing: letters in a number field are "not a valid number",
not also "must be between 0 and 10000"."""
from portal.web.forms import ProjectForm


def test_letters_in_a_number_field_get_one_message(app):
    with app.test_request_context(method="POST", data={"hours": "abc", "classes": "x"}):
        form = ProjectForm(meta={"csrf": False})
        assert not form.hours.validate(form) and not form.classes.validate(form)
        assert len(form.hours.errors) == 1 and len(form.classes.errors) == 1
    with app.test_request_context(method="POST", data={"hours": "-5"}):
        form = ProjectForm(meta={"csrf": False})
        assert not form.hours.validate(form) and len(form.hours.errors) == 1  # out of range: still said
