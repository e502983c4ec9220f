// Answers exactly as OVHcloud's schema describes them (every property, null where it may be), for the
// specs that script the HTTP layer or serve bodies from a local server. test/ovh/answers.spec.ts checks
// each against the schema, so that a fixture cannot drift from what OVHcloud answers.

/** `nichandle.Nichandle` (`GET /me`). */
export function nichandle(over: Record<string, unknown> = {}) {
  return {
    address: null,
    area: null,
    birthCity: null,
    birthDay: null,
    city: null,
    companyNationalIdentificationNumber: null,
    complementaryAddress: null,
    corporationType: null,
    country: "FR",
    currency: { code: "EUR", symbol: "EURO" },
    customerCode: null,
    email: "it@reseller.example",
    fax: null,
    firstname: "Ada",
    italianSDI: null,
    kycValidated: null,
    language: null,
    legalform: "corporation",
    name: "Reseller",
    nationalIdentificationNumber: null,
    nichandle: "ab1-ovh",
    organisation: null,
    ovhCompany: "ovh",
    ovhSubsidiary: "FR",
    phone: null,
    phoneCountry: null,
    phoneType: null,
    purposeOfPurchase: null,
    sex: null,
    spareEmail: null,
    state: "complete",
    vat: null,
    zip: null,
    ...over,
  };
}

/** `order.Price` as the cart and order routes answer it. */
export function orderPrice(value = 0) {
  return {
    currencyCode: "EUR",
    priceInUcents: Math.round(value * 1e8),
    text: `${value.toFixed(2)} €`,
    value,
  };
}

/** `order.cart.GenericProductDefinition` (`GET /order/cart/{cartId}/csp2`), one monthly price. */
export function productDefinition(planCode = "csp2-tenant") {
  return {
    planCode,
    productName: "CSP2",
    productType: "saas_license",
    prices: [
      {
        capacities: ["installation"],
        description: "",
        duration: "P1M",
        interval: 1,
        maximumQuantity: null,
        maximumRepeat: null,
        minimumQuantity: 1,
        minimumRepeat: 1,
        price: orderPrice(0),
        priceInUcents: 0,
        pricingMode: "default",
        pricingType: "rental",
      },
    ],
  };
}

/** `order.cart.Item` with every `settings.*` null, as the schema allows. */
export function cartItem(cartId: string, itemId: number, configurations: number[] = []) {
  return {
    cartId,
    configurations,
    duration: "P1M",
    itemId,
    offerId: null,
    options: [],
    parentItemId: null,
    prices: [{ label: "PRICE", price: orderPrice(0), promotions: null }],
    productId: "csp2",
    settings: { planCode: null, pricingMode: null, quantity: null },
  };
}

/** `billing.Order` (`GET /me/order/{id}`) with a null `date`, as the schema allows. */
export function billingOrder(orderId: number) {
  return {
    date: null,
    expirationDate: null,
    metadatas: null,
    orderId,
    password: "pw",
    pdfUrl: `https://www.ovh.com/cgi-bin/order/facture.pdf?reference=${orderId}`,
    priceWithTax: orderPrice(0),
    priceWithoutTax: orderPrice(0),
    retractionDate: null,
    tax: orderPrice(0),
    url: `https://www.ovh.com/cgi-bin/order/display-order.cgi?orderId=${orderId}`,
  };
}

/** `billing.OrderDetail`. */
export function billingOrderDetail(orderDetailId: number, domain: string) {
  return {
    cancelled: false,
    description: "Office 365 Reseller (CSP2)",
    detailType: null,
    domain,
    orderDetailId,
    quantity: "1",
    totalPrice: orderPrice(0),
    unitPrice: orderPrice(0),
  };
}

/**
 * `billing.ItemDetail` of a tenant's order line with every nullable field null: `action`, `type`,
 * `plan.code`, `plan.duration`, `plan.pricingMode`, `plan.quantity` and `plan.product.name`.
 */
export function itemDetailAllNull(configurations: Array<{ label: string; value: string }>) {
  return {
    order: {
      action: null,
      configurations,
      plan: { code: null, duration: null, pricingMode: null, product: { name: null }, quantity: null },
      type: null,
    },
  };
}
