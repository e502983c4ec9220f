# One customer tenant with a subscription, on the account of the default provider, and a second
# OVHcloud account available as a provider alias. Runs against the local emulator:
#
#   o365r emulator --demo            # prints OVH_ENDPOINT and OVH_* credentials: export them
#   eval "$(o365r terraform-setup)" && tofu init
#   tofu plan -out=tfplan && tofu apply tfplan
#
# `o365r terraform-setup --dev-overrides` instead lets plan/apply run without init.

terraform {
  required_providers {
    o365reseller = {
      source = "o365-reseller/o365reseller"
    }
  }
}

# Credentials as OVHcloud's own tools read them: OVH_ENDPOINT, OVH_APPLICATION_KEY,
# OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY (or OVH_CLIENT_ID/OVH_CLIENT_SECRET), then ovh.conf.
provider "o365reseller" {}

# A second reseller account: a credential set given as arguments wins over the environment (all
# null = take the environment; a partial set is refused, naming what is missing).
provider "o365reseller" {
  alias              = "second"
  endpoint           = var.second_account.endpoint
  application_key    = var.second_account.application_key
  application_secret = var.second_account.application_secret
  consumer_key       = var.second_account.consumer_key
}

resource "o365reseller_tenant" "acme" {
  display_name = "ACME GmbH"
  mpn_id       = "1234567"
  contact = {
    first_name = "Anna"
    last_name  = "Muster"
    email      = "it@acme.example"
    phone      = "+49 30 1234567"
    address    = "Hauptstr. 1"
    city       = "Berlin"
    zip_code   = "10115"
  }
  # Deleting a tenant ends the customer's Microsoft 365: refused unless this is true (and applied).
  allow_termination = var.allow_termination

  timeouts {
    create = "60m"
  }
}

resource "o365reseller_subscription" "acme_standard" {
  tenant   = o365reseller_tenant.acme.service_name
  license  = "Microsoft 365 Business Standard"
  quantity = var.acme_seats

  # A change of licence orders the new subscription before the old one is cancelled.
  lifecycle {
    create_before_destroy = true
  }
}

data "o365reseller_licenses" "acme" {
  tenant = o365reseller_tenant.acme.service_name
}

output "tenant" {
  value = o365reseller_tenant.acme.service_name
}

output "admin_portal" {
  value = o365reseller_tenant.acme.admin_portal_url
}

output "monthly_cost" {
  description = "Seats × the licence's monthly price per seat (excluding tax)."
  value = one([
    for l in data.o365reseller_licenses.acme.licenses :
    l.price == null ? null : l.price * o365reseller_subscription.acme_standard.quantity
    if l.id == o365reseller_subscription.acme_standard.license_id
  ])
}
