from __future__ import annotations

from django.test import SimpleTestCase
from django.utils.datastructures import MultiValueDict

from lessons.forms import MultipleAnswerForm, SingleAnswerForm

PUBLIC = {"choices": [{"key": "a", "text": "One"}, {"key": "b", "text": "Two"}]}


def single(data=None, **kwargs):
    return SingleAnswerForm(data, question_id=7, public=PUBLIC, **kwargs)


def multiple(data=None, **kwargs):
    return MultipleAnswerForm(data, question_id=7, public=PUBLIC, **kwargs)


class SingleAnswerFormTests(SimpleTestCase):
    def test_a_posted_key_is_the_answer(self) -> None:
        form = single({"question": "7", "choice": "b"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.answer, "b")
        self.assertEqual(form.chosen(), {"b"})

    def test_blank_is_no_answer(self) -> None:
        form = single({"question": "7"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertIsNone(form.answer)

    def test_a_key_not_offered_is_refused(self) -> None:
        form = single({"question": "7", "choice": "z"})
        self.assertFalse(form.is_valid())
        self.assertIn("Select a valid choice", form.errors["choice"][0])
        self.assertIsNone(form.answer)

    def test_another_question_is_refused(self) -> None:
        form = single({"question": "8", "choice": "a"})
        self.assertFalse(form.is_valid())
        self.assertIn("not part of this attempt", form.errors["question"][0])

    def test_unbound_shows_the_saved_answer_and_the_options(self) -> None:
        form = single(answer="a")
        self.assertEqual(form.chosen(), {"a"})
        self.assertEqual([c["key"] for c in form.options], ["a", "b"])
        self.assertEqual(single().chosen(), set())

    def test_shuffled_per_seed_stably(self) -> None:
        orders = {
            seed: [c["key"] for c in single(shuffle=True, seed=seed).options]
            for seed in map(str, range(20))
        }
        self.assertEqual(len(set(map(tuple, orders.values()))), 2)
        for seed, order in orders.items():
            self.assertEqual(
                [c["key"] for c in single(shuffle=True, seed=seed).options], order
            )


class SharedFieldsTests(SimpleTestCase):
    """Answer forms share their class's field objects; none is changed in place."""

    def test_instances_share_the_declared_fields(self) -> None:
        first, second = single(), single()
        self.assertIs(first.fields["question"], second.fields["question"])
        self.assertIsNot(first.fields, second.fields)

    def test_each_form_checks_keys_against_its_own_options(self) -> None:
        posted = single({"question": "7", "choice": "a"})
        self.assertTrue(posted.is_valid())
        other = SingleAnswerForm(
            {"question": "7", "choice": "a"},
            question_id=7,
            public={"choices": [{"key": "x", "text": "Ex"}]},
        )
        self.assertFalse(other.is_valid())


class MultipleAnswerFormTests(SimpleTestCase):
    def test_every_ticked_key(self) -> None:
        data = MultiValueDict({"question": ["7"], "choice": ["b", "a"]})
        form = multiple(data)
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(sorted(form.answer), ["a", "b"])
        self.assertEqual(form.chosen(), {"a", "b"})

    def test_one_key_posted_alone_is_a_list_of_one(self) -> None:
        form = multiple({"question": "7", "choice": "a"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.answer, ["a"])

    def test_none_ticked_is_no_answer_and_a_stranger_is_refused(self) -> None:
        form = multiple(MultiValueDict({"question": ["7"]}))
        self.assertTrue(form.is_valid(), form.errors)
        self.assertIsNone(form.answer)
        form = multiple(MultiValueDict({"question": ["7"], "choice": ["a", "z"]}))
        self.assertFalse(form.is_valid())
        self.assertIn("Select a valid choice", form.errors["choice"][0])

    def test_unbound_shows_the_saved_answer(self) -> None:
        self.assertEqual(multiple(answer=["b"]).chosen(), {"b"})
