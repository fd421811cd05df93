from django.db import migrations

# (topic, question): the typical topics of an informational interview, in the order a
# conversation tends to take.
QUESTIONS = [
    ("A typical day", "What does a normal day or week look like in your role?"),
    ("Skills", "Which skills do you use most, and which did you have to learn on the job?"),
    ("Skills", "Which tools, methods or kinds of knowledge do you rely on most?"),
    ("Rewards and challenges", "What do you find most rewarding about your work?"),
    ("Rewards and challenges", "What is the most challenging part of your job, and how do you deal with it?"),
    ("Your path", "How did you get from your studies to where you are now?"),
    ("Your path", "Which experiences, courses or activities helped you most in getting your first role?"),
    ("Your path", "What do you wish you had known when you were starting out?"),
    ("The field", "How is your field changing, and what will matter most in the next few years?"),
    ("Advice", "What advice would you give a student who wants to work in your field?"),
    ("Advice", "Which books, websites or professional associations would you recommend?"),
    ("Who else", "Who else would you suggest I talk to, and may I mention that you suggested them?"),
]


def add_questions(apps, schema_editor):
    Question = apps.get_model("interviews", "Question")
    Question.objects.bulk_create(
        Question(text=text, topic=topic, position=(index + 1) * 10)
        for index, (topic, text) in enumerate(QUESTIONS)
    )


def remove_questions(apps, schema_editor):
    Question = apps.get_model("interviews", "Question")
    Question.objects.filter(text__in=[text for _, text in QUESTIONS]).delete()


class Migration(migrations.Migration):
    """The default question bank; staff edit it in the admin from then on."""

    dependencies = [("interviews", "0001_interview_requests")]

    operations = [migrations.RunPython(add_questions, remove_questions)]
