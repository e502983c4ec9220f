variable "acme_seats" {
  description = "Seats of Microsoft 365 Business Standard for ACME."
  type        = number
  default     = 5
}

variable "allow_termination" {
  description = "Allow `tofu destroy` to end the ACME tenant at its expiry date."
  type        = bool
  default     = false
}

variable "second_account" {
  description = "Credentials of a second OVHcloud account (for resources with provider = o365reseller.second)."
  type = object({
    endpoint           = optional(string)
    application_key    = optional(string)
    application_secret = optional(string)
    consumer_key       = optional(string)
  })
  default   = {}
  sensitive = true
}
