from tradefair.catalog.models.exhibitor import BoothAssignment, ContactVisibility, Exhibitor
from tradefair.catalog.models.planning import BoothProposal, FloorPlanSettings, ProposedBooth
from tradefair.catalog.models.product import Product
from tradefair.catalog.models.project import InvestmentProject, ProjectStage
from tradefair.catalog.models.search import SearchEntry, SearchKind

__all__ = [
    "BoothAssignment",
    "BoothProposal",
    "FloorPlanSettings",
    "ProposedBooth",
    "ContactVisibility",
    "Exhibitor",
    "InvestmentProject",
    "Product",
    "ProjectStage",
    "SearchEntry",
    "SearchKind",
]
