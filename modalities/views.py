from django.views.generic import DetailView, ListView

from .models import Modality


class ModalityListView(ListView):
    model = Modality
    template_name = "modalities/modality_list.html"


class ModalityDetailView(DetailView):
    model = Modality
    template_name = "modalities/modality_detail.html"
