// The cart order flow, `/me/order` and the licence price under the names the rest of the code uses;
// generated from OVHcloud's schema (generated/order-cart.ts, me-order.ts, price.ts). The same id may be
// declared differently by two files (`order.Price`): each name says which file's declaration it is.
import * as M from "./generated/me-order.js";
import * as O from "./generated/order-cart.js";
import * as P from "./generated/price.js";

/** `order.Price` as the cart and order routes answer it (with priceInUcents). */
export const Price = O.OrderPrice;
export type Price = O.OrderPrice;

/** `GET /price/saas/csp2/license/{licenseName}`: `order.Price` as price.json declares it. */
export const LicencePrice = P.OrderPrice;
export type LicencePrice = P.OrderPrice;
/** The licence names the price route takes (`price.Saas.Csp2.LicenseEnum`). */
export const PRICE_LICENCE_NAMES = P.PriceSaasCsp2LicenseEnumValues;

export const Cart = O.OrderCartCart;
export type Cart = O.OrderCartCart;
export const CartCreation = O.OrderCartCreationBody;
/** `PUT /order/cart/{cartId}`: a new description or expiry. */
export const CartUpdate = O.OrderCartUpdateBody;

/** `order.cart.Item`; its `settings.*` may all be null. */
export const CartItem = O.OrderCartItem;
export type CartItem = O.OrderCartItem;
export const CartItemUpdate = O.OrderCartItemUpdateBody;

/** One plan offered by `GET /order/cart/{cartId}/csp2`. */
export const ProductDefinition = O.OrderCartGenericProductDefinition;
export type ProductDefinition = O.OrderCartGenericProductDefinition;
export const ProductCreation = O.OrderCartGenericProductCreationBody;

/** One option of a plan, `GET /order/cart/{cartId}/csp2/options?planCode=` (for CSP2: the licences). */
export const OptionDefinition = O.OrderCartGenericOptionDefinition;
export type OptionDefinition = O.OrderCartGenericOptionDefinition;
/** `POST /order/cart/{cartId}/csp2/options`: an option attached to the cart item `itemId`. */
export const OptionCreation = O.OrderCartGenericOptionCreationBody;
export type OptionCreation = O.OrderCartGenericOptionCreationBody;

/** `GET /order/cart/{c}/item/{i}/requiredConfiguration`: the labels to fill before checkout. */
export const RequiredConfiguration = O.OrderCartConfigurationRequirements;
export type RequiredConfiguration = O.OrderCartConfigurationRequirements;

export const ConfigurationItem = O.OrderCartConfigurationItem;
export type ConfigurationItem = O.OrderCartConfigurationItem;
export const ConfigurationCreation = O.OrderCartItemConfigurationCreationBody;

/** `order.Order`, returned by checkout. `orderId` is null on a price preview. */
export const Order = O.OrderOrder;
export type Order = O.OrderOrder;
export const CheckoutBody = O.OrderCartCheckoutBody;

/** `billing.order.OrderStatusEnum`, open. */
export const OrderStatus = M.BillingOrderOrderStatusEnum;
export type OrderStatus = M.BillingOrderOrderStatusEnum;

/** `GET /me/order/{id}`: `billing.Order` (its `date` may be null). */
export const MeOrder = M.BillingOrder;
export type MeOrder = M.BillingOrder;

/** `GET /me/order/{id}/details/{detailId}`; `domain` is the service name once delivered. */
export const OrderDetail = M.BillingOrderDetail;
export type OrderDetail = M.BillingOrderDetail;

/** `GET /me/order/{id}/details/{detailId}/extension`: `billing.ItemDetail`; plan fields, product name and type may be null. */
export const OrderDetailExtension = M.BillingItemDetail;
export type OrderDetailExtension = M.BillingItemDetail;

export const PaymentMethod = M.MePaymentPaymentMethod;
export type PaymentMethod = M.MePaymentPaymentMethod;

/** `POST /me/order/{id}/pay` and `…/payWithRegisteredPaymentMean` bodies. */
export const PayBody = M.MeOrderPayBody;
export const PayWithRegisteredPaymentMeanBody = M.MeOrderPayWithRegisteredPaymentMeanBody;

/** `GET /me/order/{id}/followUp`: one entry per step of the order's life. */
export const OrderFollowUpStep = M.BillingOrderFollowUp;
export type OrderFollowUpStep = M.BillingOrderFollowUp;
/** The labels of a followUp step's history (`billing.order.followUp.HistoryStatusEnum`). */
export const FOLLOW_UP_HISTORY_LABELS = M.BillingOrderFollowUpHistoryStatusEnumValues;
