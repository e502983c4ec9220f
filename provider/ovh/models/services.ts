// `services.Service` (a tenant's serviceInfos) and the generic `/services/{id}` object under the names the
// rest of the code uses; generated from OVHcloud's schema (generated/saas-csp2.ts, generated/services.ts).
import * as S from "./generated/saas-csp2.js";
import * as V from "./generated/services.js";

export const RenewType = S.ServiceRenewType;
export type RenewType = S.ServiceRenewType;
/** `renew` as `PUT …/serviceInfos` takes it. */
export const RenewTypeBody = S.ServiceRenewTypeBody;
export const ServiceInfosBody = S.ServicesServiceBody;

/** `GET /saas/csp2/{s}/serviceInfos`. Only `renew` is writable (PUT). */
export const ServiceInfos = S.ServicesService;
export type ServiceInfos = S.ServicesService;

/** `services.expanded.Lifecycle.StateEnum` and `services.expanded.Resource.StateEnum`, open. */
export const ServiceLifecycleState = V.ServicesExpandedLifecycleStateEnum;
export const ServiceResourceState = V.ServicesExpandedResourceStateEnum;

/** `GET /services/{serviceId}`: `services.expanded.Service`. */
export const ServiceDetails = V.ServicesExpandedService;
export type ServiceDetails = V.ServicesExpandedService;

/** `PUT /services/{serviceId}`. */
export const ServiceUpdateBody = V.ServicesUpdateServiceBody;
