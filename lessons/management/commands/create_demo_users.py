from django.core.management.base import BaseCommand

from lessons.services.accounts import create_demo_users


class Command(BaseCommand):
    help = "Create the demo teacher and student and print their credentials."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write("Demo accounts (sign in at http://127.0.0.1:8000/):")
        for demo in create_demo_users():
            self.stdout.write(
                f"  {demo.role:8} username {demo.username!r}  password {demo.password!r}"
            )
