from django.contrib import admin

from .models import Item, Product

admin.site.register(Item)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "price", "stock"]
    search_fields = ["name"]
