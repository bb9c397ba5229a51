from tradefair.reports.models.exports import ExportJob, ExportStatus
from tradefair.reports.models.publication import ResultsPublication

__all__ = ["ExportJob", "ExportStatus", "ResultsPublication"]
