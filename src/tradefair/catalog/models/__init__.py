from tradefair.catalog.models.exhibitor import BoothAssignment, Exhibitor
from tradefair.catalog.models.product import Product
from tradefair.catalog.models.project import InvestmentProject, ProjectStage

__all__ = ["BoothAssignment", "Exhibitor", "InvestmentProject", "Product", "ProjectStage"]
