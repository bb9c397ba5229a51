"""Background work of matchmaking: a round's engine run, and the expiry of requests."""

from tradefair.celery import app


@app.task(name="matchmaking.run_round")
def run_round_task(round_id: int, seed: int = 0) -> int:
    from tradefair.matchmaking.domain.rounds import run_round
    from tradefair.matchmaking.models import Round

    round_ = Round.objects.select_related("expo").get(pk=round_id)
    return run_round(round_, seed=seed).meetings.count()


@app.task(name="matchmaking.expire_requests")
def expire_requests_task() -> int:
    from tradefair.matchmaking.domain.requests import expire_requests

    return expire_requests()


@app.task(name="matchmaking.compute_recommendations")
def compute_recommendations_task(expo_id: int) -> int:
    from tradefair.expos.models import Expo
    from tradefair.matchmaking.domain.recommendations import compute_recommendations

    return compute_recommendations(Expo.objects.get(pk=expo_id))


@app.task(name="matchmaking.settle_online_meetings")
def settle_online_meetings_task() -> dict:
    from tradefair.matchmaking.domain.attendance import settle_online_meetings

    return settle_online_meetings()
