package expense

import "github.com/opsledger/opsledger/domain"

// itemTexts are the texts of the claim's items, named as the API names
// them (§2.5-text).
func itemTexts(items []Item) []domain.FieldText {
	var texts []domain.FieldText
	for i, it := range items {
		at := domain.Indexed("items", i) + "."
		texts = append(texts, domain.Text(at+"kind", string(it.Kind)), domain.Text(at+"incurred_on", it.IncurredOn),
			domain.Text(at+"voucher_ref", it.VoucherRef), domain.Text(at+"description", it.Description))
	}
	return texts
}
