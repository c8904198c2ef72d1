"""Create a staff account in the « Éditeurs » group: it edits content, not users."""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ecosystem.core.editors import EDITORS


class Command(BaseCommand):
    help = (
        "Crée un compte d'éditeur (membre de l'équipe, groupe « Éditeurs ») : "
        "il gère le contenu du portail dans /admin/, pas les utilisateurs."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help="Pour les scripts ; sans cette option, le mot de passe est demandé.",
        )

    def handle(self, *args, username, email, password, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"L'utilisateur « {username} » existe déjà.")
        try:
            group = Group.objects.get(name=EDITORS)
        except Group.DoesNotExist:
            raise CommandError(
                f"Le groupe « {EDITORS} » n'existe pas : lancez d'abord « manage.py migrate »."
            ) from None

        user = User(username=username, email=email, is_staff=True)
        password = password if password is not None else self.ask_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Éditeur « {username} » créé."))

    def ask_password(self) -> str:
        password = getpass.getpass("Mot de passe : ")
        if password != getpass.getpass("Mot de passe (encore) : "):
            raise CommandError("Les deux mots de passe diffèrent.")
        return password
