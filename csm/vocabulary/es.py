"""Spanish headers, as Holded, Alegra, Siigo, Quipu, Contpaqi, Zoho/Freshdesk (Spanish UI) and home-made sheets
write them. Format: csm/vocabulary/__init__.py."""

TABLE = """
customer_id: Cliente | ID cliente | ID de cliente | Código de cliente | Cód. cliente | Código cliente | Nº cliente
customer_id: Número de cliente | Nº de cliente | Socio | Número de socio | Abonado | Contacto? | Cuenta? | Id. cliente
start_date: Fecha de inicio | Inicio | Fecha inicio | Fecha de alta? | Fecha de activación | Inicio de suscripción
start_date: Fecha de comienzo | Desde | Inicio del contrato | Fecha inicio contrato | Activado el | Vigente desde
end_date: Fecha de fin | Fin | Fecha fin | Fecha de finalización | Fecha de expiración | Hasta | Fin de suscripción
end_date: Terminado el | Finalizado el | Cancelado el?? | Fin del contrato | Fecha de término | Vence el | Vigente hasta | Fecha de baja? | Fecha de cancelación?
mrr: Cuota mensual | Importe mensual | Precio mensual | Mensualidad | Ingreso mensual | Ingresos recurrentes mensuales
mrr: Tarifa mensual | Pago mensual | Cuota al mes | Monto mensual
amount: Importe | Importe total | Monto | Monto total | Precio | Total factura | Importe cobrado | Importe pagado
amount: Cobrado | Cuota? | Total? | Base imponible? | Valor?? | Total con IVA | Importe neto | Subtotal?? | Líquido
billing_period: Periodicidad | Frecuencia | Frecuencia de facturación | Periodo de facturación | Ciclo de facturación
billing_period: Intervalo | Periodo? | Periodicidad de cobro | Frecuencia de pago
billing_count: Número de periodos | Cantidad de intervalos | Número de periodos de facturación
signup_date: Fecha de alta | Alta | Fecha de registro | Registrado el | Cliente desde | Fecha de inscripción
signup_date: Fecha de creación? | Creado? | Socio desde
churn_date: Fecha de baja | Baja | Dado de baja | Fecha de cancelación | Cancelado el | Fecha de abandono
churn_date: Fecha de churn | Cuenta cerrada | Fecha de fin?
paid_date: Fecha de primer pago | Primer pago | Fecha de conversión | Cliente de pago desde | Fecha de pago inicial
onboarding_start: Inicio de onboarding | Inicio del onboarding | Kickoff | Inicio de implementación
onboarding_complete: Fin de onboarding | Fin del onboarding | Onboarding completado | Puesta en marcha
onboarding_complete: Fecha de puesta en marcha | Salida en vivo | Fin de implementación
plan: Plan | Tarifa | Producto | Paquete | Nombre del plan | Suscripción? | Servicio? | Modalidad | Concepto??
segment: Segmento | Sector? | Industria? | Región? | País? | Tamaño? | Provincia?
owner: Responsable | Comercial | Gestor de cuenta | Gestor | Ejecutivo de cuenta | Propietario | Vendedor | Asesor
name: Nombre | Razón social | Empresa | Nombre del cliente | Nombre comercial | Compañía | Nombre cliente
date: Fecha | Día | Mes? | Semana? | Periodo?
recurring: Recurrente | Es recurrente | Pago recurrente
transaction_id: Nº factura | Número de factura | Factura | Num. factura | Nº de factura | Nº pedido | Número de pedido
transaction_id: ID transacción | ID de pago | Folio | Referencia? | Documento? | Número de documento | Nº documento
score: Puntuación | Calificación | Valoración | Nota | Satisfacción | Puntaje | Probabilidad de recomendación
survey_type: Encuesta | Tipo de encuesta | Cuestionario | Nombre de la encuesta
comment: Comentario | Comentarios | Observaciones | Opinión | Por qué | Motivo? | Razón?
created_at: Creado | Fecha de creación | Creado el | Abierto | Fecha de apertura | Recibido | Fecha de recepción
created_at: Abierto el
resolved_at: Resuelto | Fecha de resolución | Resuelto el | Cerrado | Cerrado el | Fecha de cierre | Solucionado
first_contact_resolved: Resuelto en el primer contacto | Resolución en primer contacto | Resuelto al primer contacto
contacts: Número de respuestas | Respuestas | Interacciones | Contactos | Número de contactos
agent: Agente | Asignado a | Asignado | Técnico | Atendido por | Responsable?
ticket_id: Nº ticket | Número de ticket | ID ticket | Caso | Número de caso | Incidencia | Solicitud | Nº incidencia
user_id: Usuario | ID usuario | ID de usuario | Nombre de usuario
feature: Funcionalidad | Función | Módulo | Acción | Evento | Nombre del evento | Página?
minutes: Minutos | Duración | Tiempo de uso | Duración de la sesión | Tiempo?
category: Categoría | Tipo de gasto | Centro de coste | Cuenta contable? | Departamento | Concepto?
visitors: Visitantes | Sesiones | Visitas | Tráfico | Usuarios?
conversions: Conversiones | Registros | Altas | Pruebas | Pedidos | Ventas | Nuevos clientes? | Leads?
type: Tipo | Tipo de oportunidad | Tipo de negocio
subscription_id: ID suscripción | Nº suscripción | Número de suscripción | Suscripción | Nº contrato | Contrato
subscription_id: Número de contrato
# fields on the way (issue 11): harmless before they exist
reason: Motivo de baja | Motivo de cancelación | Razón de baja | Motivo de abandono
satisfaction: Satisfacción | Satisfacción del cliente
first_response_at: Primera respuesta | Fecha de primera respuesta
first_response_minutes: Tiempo de primera respuesta | Tiempo hasta la primera respuesta
churned: Dado de baja? | Cancelado? | Baja?
tenure: Antigüedad | Antigüedad en meses | Meses como cliente
monthly_charge: Cargo mensual | Cargos mensuales | Factura mensual
total_charges: Cargos totales | Total facturado | Total pagado | Importe total pagado

transactions/date: Fecha de factura | Fecha factura | Fecha de emisión | Fecha de pago | Fecha de cobro
transactions/date: Fecha de pedido | Fecha de compra | Fecha de operación | Fecha del documento | Fecha de venta
surveys/date: Fecha de respuesta | Respondido el | Enviado el | Fecha de la encuesta
usage/date: Fecha de uso | Fecha del evento | Marca de tiempo | Fecha de acceso
costs/date: Fecha del gasto | Fecha de gasto
costs/amount: Coste | Costo | Gasto | Gastos | Importe del gasto
opportunities/date: Fecha de cierre | Fecha de cierre prevista
opportunities/amount: Importe de la oportunidad | Valor de la oportunidad | Valor del negocio

[customers]: clientes | socios | abonados | cuentas | contactos
[subscriptions]: suscripciones | contratos | cuotas
[transactions]: facturas | factura | pagos | cobros | ventas | pedidos
[surveys]: encuesta | encuestas | valoraciones | opiniones
[tickets]: incidencias | soporte | casos | solicitudes
[usage]: uso | actividad | eventos | accesos
[costs]: gastos | costes | costos
[funnel]: embudo | trafico
[opportunities]: oportunidades | negocios

stopwords: de | del | la | el | los | las | por | para | al | en
words: numero=number | num=number
category: tipo | estado | categoria
due: vencimiento | vence
tickets/customer_id: Solicitante
renewal: proxima | proximo | renovacion | prueba | actual | curso
aggregate: saldo | pendiente | acumulado | iva | impuesto | impuestos | comision | comisiones | retencion
keywords/score: recomend | satisf | puntu | valora
keywords/comment: comentario | mejorar | motivo | sugerencia | observacion
"""
