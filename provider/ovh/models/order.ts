// Zod models of the cart order flow and `/me/order` (facts: shared/docs/ovh-csp2-api.md §2).
import { z } from "zod";

export const Price = z.object({
  currencyCode: z.string(),
  priceInUcents: z.number().int().nullish(),
  text: z.string(),
  value: z.number(),
});
export type Price = z.infer<typeof Price>;

export const Cart = z.object({
  cartId: z.string(),
  description: z.string().nullish(),
  expire: z.string().nullish(),
  items: z.array(z.number().int()),
  readOnly: z.boolean(),
});
export type Cart = z.infer<typeof Cart>;

export const CartItem = z.object({
  cartId: z.string(),
  configurations: z.array(z.number().int()).nullish(),
  duration: z.string().nullish(),
  itemId: z.number().int(),
  offerId: z.string().nullish(),
  options: z.array(z.number().int()),
  parentItemId: z.number().int().nullish(),
  prices: z.array(z.object({ label: z.string(), price: Price })),
  productId: z.string(),
  settings: z.object({ planCode: z.string(), pricingMode: z.string(), quantity: z.number().int() }),
});
export type CartItem = z.infer<typeof CartItem>;

/** One plan offered by `GET /order/cart/{cartId}/csp2`. */
export const ProductDefinition = z.object({
  planCode: z.string(),
  productName: z.string(),
  productType: z.string(),
  prices: z.array(
    z.object({
      capacities: z.array(z.string()),
      description: z.string(),
      duration: z.string(),
      interval: z.number().int(),
      maximumQuantity: z.number().int().nullish(),
      minimumQuantity: z.number().int(),
      price: Price,
      priceInUcents: z.number().int(),
      pricingMode: z.string(),
      pricingType: z.string(),
    }),
  ),
});
export type ProductDefinition = z.infer<typeof ProductDefinition>;

/** `GET /order/cart/{c}/item/{i}/requiredConfiguration`: the labels to fill before checkout. */
export const RequiredConfiguration = z.object({
  fields: z.array(z.string()).nullish(),
  label: z.string(),
  required: z.boolean(),
  type: z.string(),
});
export type RequiredConfiguration = z.infer<typeof RequiredConfiguration>;

export const ConfigurationItem = z.object({ id: z.number().int(), label: z.string(), value: z.string() });

/** `order.Order`, returned by checkout. `orderId` is absent on a price preview. */
export const Order = z.object({
  contracts: z.array(z.object({ content: z.string(), name: z.string(), url: z.string() })),
  details: z.array(z.unknown()),
  orderId: z.number().int().nullish(),
  prices: z.object({
    originalWithoutTax: Price.nullish(),
    reduction: Price.nullish(),
    tax: Price,
    withTax: Price,
    withoutTax: Price,
  }),
  url: z.string().nullish(),
});
export type Order = z.infer<typeof Order>;

export const OrderStatus = z.enum([
  "cancelled",
  "cancelling",
  "checking",
  "delivered",
  "delivering",
  "documentsRequested",
  "notPaid",
  "unknown",
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** `GET /me/order/{id}`. */
export const MeOrder = z.object({
  date: z.string(),
  expirationDate: z.string().nullish(),
  orderId: z.number().int(),
  password: z.string().nullish(),
  pdfUrl: z.string(),
  priceWithTax: Price,
  priceWithoutTax: Price,
  retractionDate: z.string().nullish(),
  tax: Price,
  url: z.string(),
});
export type MeOrder = z.infer<typeof MeOrder>;

/** `GET /me/order/{id}/details/{detailId}`; `domain` is the service name once delivered. */
export const OrderDetail = z.object({
  cancelled: z.boolean(),
  description: z.string(),
  detailType: z.string().nullish(),
  domain: z.string(),
  orderDetailId: z.number().int(),
  quantity: z.string(),
  totalPrice: Price,
  unitPrice: Price,
});
export type OrderDetail = z.infer<typeof OrderDetail>;

/** `GET /me/order/{id}/details/{detailId}/extension`. */
export const OrderDetailExtension = z.object({
  order: z.object({
    action: z.string().nullish(),
    configurations: z.array(z.object({ label: z.string(), value: z.string() })),
    plan: z.object({
      code: z.string(),
      duration: z.string(),
      pricingMode: z.string(),
      product: z.object({ name: z.string() }),
      quantity: z.number().int(),
    }),
    type: z.enum(["plan", "product"]),
  }),
});
export type OrderDetailExtension = z.infer<typeof OrderDetailExtension>;

export const PaymentMethod = z.object({
  paymentMethodId: z.number().int(),
  paymentType: z.string(),
  default: z.boolean(),
  status: z.string(),
});
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** `GET /me/order/{id}/followUp`: one entry per step of the order's life. */
export const OrderFollowUpStep = z.object({
  step: z.enum(["VALIDATING", "VALIDATED", "DELIVERING", "AVAILABLE"]),
  status: z.enum(["TODO", "DOING", "DONE", "ERROR"]),
  history: z.array(
    z.object({ date: z.string(), label: z.string(), description: z.string().nullish() }).loose(),
  ),
});
export type OrderFollowUpStep = z.infer<typeof OrderFollowUpStep>;
