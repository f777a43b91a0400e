"""News geography: the places a news article talks about, on a map, with the quotes about each.

The pipeline, one module per stage (see README):
article -> places -> quotes -> links -> features (geodata join) -> mapping -> export.
"""

from dashboard.analysis import Analysis, analyze, extract_record, to_record
from dashboard.article import Article, ArticleError, fetch_url, parse_input, parse_text
from dashboard.boundaries import DE_FACTO, DE_JURE, POV_LABELS, GeodataError, load_boundaries
from dashboard.export import export_all, export_csv, export_geojson, export_html
from dashboard.features import build_features
from dashboard.gazetteer import load_gazetteer
from dashboard.mapping import BASEMAPS, build_map

__all__ = [
    "BASEMAPS",
    "DE_FACTO",
    "DE_JURE",
    "POV_LABELS",
    "Analysis",
    "Article",
    "ArticleError",
    "GeodataError",
    "analyze",
    "build_features",
    "build_map",
    "export_all",
    "export_csv",
    "export_geojson",
    "export_html",
    "extract_record",
    "fetch_url",
    "load_boundaries",
    "load_gazetteer",
    "parse_input",
    "parse_text",
    "to_record",
]
